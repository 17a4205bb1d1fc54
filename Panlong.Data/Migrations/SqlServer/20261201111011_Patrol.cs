using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.SqlServer
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LastSeq = table.Column<int>(type: "int", nullable: false),
                    LastAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LastLatE6 = table.Column<int>(type: "int", nullable: true),
                    LastLngE6 = table.Column<int>(type: "int", nullable: true),
                    StopAlertedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    OutsideAlertedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatrolShifts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PatrolFixes",
                columns: table => new
                {
                    ShiftId = table.Column<long>(type: "bigint", nullable: false),
                    Seq = table.Column<int>(type: "int", nullable: false),
                    Second = table.Column<int>(type: "int", nullable: false),
                    LatE6 = table.Column<int>(type: "int", nullable: false),
                    LngE6 = table.Column<int>(type: "int", nullable: false),
                    Accuracy = table.Column<short>(type: "smallint", nullable: false)
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
