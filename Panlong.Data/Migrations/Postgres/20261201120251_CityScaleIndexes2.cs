using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CityScaleIndexes2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Cases_ReportedAt_Id",
                table: "Cases",
                columns: new[] { "ReportedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseFacts_At",
                table: "CaseFacts",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_ReportedAt_Id",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_CaseFacts_At",
                table: "CaseFacts");
        }
    }
}
