using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Panlong.Data.Migrations.Postgres
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
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ScopePath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastSeq = table.Column<int>(type: "integer", nullable: false),
                    LastAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastLatE6 = table.Column<int>(type: "integer", nullable: true),
                    LastLngE6 = table.Column<int>(type: "integer", nullable: true),
                    StopAlertedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OutsideAlertedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    Second = table.Column<int>(type: "integer", nullable: false),
                    LatE6 = table.Column<int>(type: "integer", nullable: false),
                    LngE6 = table.Column<int>(type: "integer", nullable: false),
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
