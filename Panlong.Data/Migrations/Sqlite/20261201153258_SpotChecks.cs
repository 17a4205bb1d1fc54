using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SpotChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SpotCheckPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Checks = table.Column<int>(type: "INTEGER", nullable: false),
                    StreetCodes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CategoryIds = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpotCheckPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SpotCheckTasks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Draw = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    GridId = table.Column<int>(type: "INTEGER", nullable: false),
                    GridCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CheckedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CheckedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    InspectorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    InspectorName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpotCheckTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SpotCheckTasks_SpotCheckPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "SpotCheckPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SpotCheckFindings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<int>(type: "INTEGER", nullable: false),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    CaseNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Missed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Lat = table.Column<double>(type: "REAL", nullable: false),
                    Lng = table.Column<double>(type: "REAL", nullable: false),
                    InspectorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    InspectorName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpotCheckFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SpotCheckFindings_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SpotCheckFindings_SpotCheckTasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "SpotCheckTasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SpotCheckFindings_CaseId",
                table: "SpotCheckFindings",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_SpotCheckFindings_TaskId",
                table: "SpotCheckFindings",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_SpotCheckTasks_DoneAt",
                table: "SpotCheckTasks",
                column: "DoneAt");

            migrationBuilder.CreateIndex(
                name: "IX_SpotCheckTasks_PlanId_Draw",
                table: "SpotCheckTasks",
                columns: new[] { "PlanId", "Draw" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SpotCheckTasks_Status_Day",
                table: "SpotCheckTasks",
                columns: new[] { "Status", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SpotCheckFindings");

            migrationBuilder.DropTable(
                name: "SpotCheckTasks");

            migrationBuilder.DropTable(
                name: "SpotCheckPlans");
        }
    }
}
