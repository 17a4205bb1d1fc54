using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Panlong.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PeriodKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: false),
                    ScopeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ScopeName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    ScopePath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Progress = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Scheduled = table.Column<bool>(type: "boolean", nullable: false),
                    RequestedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    RequestedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SettingId = table.Column<int>(type: "integer", nullable: true),
                    ConfigJson = table.Column<string>(type: "text", nullable: true),
                    ResultJson = table.Column<string>(type: "text", nullable: true),
                    Pdf = table.Column<byte[]>(type: "bytea", nullable: true),
                    PdfSize = table.Column<long>(type: "bigint", nullable: false),
                    Workbook = table.Column<byte[]>(type: "bytea", nullable: true),
                    WorkbookSize = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppraisalReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AppraisalSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Json = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    CreatedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppraisalSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CaseFacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PersonKey = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    PersonName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    PersonRole = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    GridId = table.Column<int>(type: "integer", nullable: false),
                    ScopePath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false, collation: "C"),
                    Public = table.Column<bool>(type: "boolean", nullable: false),
                    OnTime = table.Column<bool>(type: "boolean", nullable: true),
                    CaseOnTime = table.Column<bool>(type: "boolean", nullable: true),
                    IsDemo = table.Column<bool>(type: "boolean", nullable: false)
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
