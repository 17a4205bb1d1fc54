using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Appraisal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AppraisalReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PeriodKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ScopeCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScopeName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Scheduled = table.Column<bool>(type: "INTEGER", nullable: false),
                    RequestedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    RequestedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SettingId = table.Column<int>(type: "INTEGER", nullable: true),
                    ConfigJson = table.Column<string>(type: "TEXT", nullable: true),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: true),
                    Pdf = table.Column<byte[]>(type: "BLOB", nullable: true),
                    PdfSize = table.Column<long>(type: "INTEGER", nullable: false),
                    Workbook = table.Column<byte[]>(type: "BLOB", nullable: true),
                    WorkbookSize = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppraisalReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AppraisalSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppraisalSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CaseFacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    PersonKey = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    PersonName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    PersonRole = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    GridId = table.Column<int>(type: "INTEGER", nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Public = table.Column<bool>(type: "INTEGER", nullable: false),
                    OnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    CaseOnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    IsDemo = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseFacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseFacts_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AppraisalReports_Period_ScopeCode_Scheduled",
                table: "AppraisalReports",
                columns: new[] { "Period", "ScopeCode", "Scheduled" });

            migrationBuilder.CreateIndex(
                name: "IX_AppraisalReports_ScopePath_RequestedAt",
                table: "AppraisalReports",
                columns: new[] { "ScopePath", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseFacts_At_Kind",
                table: "CaseFacts",
                columns: new[] { "At", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseFacts_CaseId",
                table: "CaseFacts",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseFacts_ScopePath_At",
                table: "CaseFacts",
                columns: new[] { "ScopePath", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AppraisalReports");

            migrationBuilder.DropTable(
                name: "AppraisalSettings");

            migrationBuilder.DropTable(
                name: "CaseFacts");
        }
    }
}
