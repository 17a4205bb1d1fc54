using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Patrol : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PatrolShifts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastSeq = table.Column<int>(type: "INTEGER", nullable: false),
                    LastAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastLatE6 = table.Column<int>(type: "INTEGER", nullable: true),
                    LastLngE6 = table.Column<int>(type: "INTEGER", nullable: true),
                    StopAlertedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OutsideAlertedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatrolShifts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PatrolFixes",
                columns: table => new
                {
                    ShiftId = table.Column<long>(type: "INTEGER", nullable: false),
                    Seq = table.Column<int>(type: "INTEGER", nullable: false),
                    Second = table.Column<int>(type: "INTEGER", nullable: false),
                    LatE6 = table.Column<int>(type: "INTEGER", nullable: false),
                    LngE6 = table.Column<int>(type: "INTEGER", nullable: false),
                    Accuracy = table.Column<short>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatrolFixes", x => new { x.ShiftId, x.Seq });
                    table.ForeignKey(
                        name: "FK_PatrolFixes_PatrolShifts_ShiftId",
                        column: x => x.ShiftId,
                        principalTable: "PatrolShifts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PatrolShifts_EndedAt_ScopePath",
                table: "PatrolShifts",
                columns: new[] { "EndedAt", "ScopePath" });

            migrationBuilder.CreateIndex(
                name: "IX_PatrolShifts_UserId_StartedAt",
                table: "PatrolShifts",
                columns: new[] { "UserId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PatrolFixes");

            migrationBuilder.DropTable(
                name: "PatrolShifts");
        }
    }
}
