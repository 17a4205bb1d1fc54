using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AppraisalDueWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DueAt",
                table: "CaseFacts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Superseded",
                table: "CaseFacts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_WorkTasks_OrgUnitId_Role_CompletedAt",
                table: "WorkTasks",
                columns: new[] { "OrgUnitId", "Role", "CompletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkTasks_OrgUnitId_Role_CompletedAt",
                table: "WorkTasks");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "CaseFacts");

            migrationBuilder.DropColumn(
                name: "Superseded",
                table: "CaseFacts");
        }
    }
}
