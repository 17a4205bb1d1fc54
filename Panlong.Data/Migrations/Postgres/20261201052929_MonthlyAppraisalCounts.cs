using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MonthlyAppraisalCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StoredIndicators_ScopePath_From_To",
                table: "StoredIndicators");

            migrationBuilder.AddColumn<string>(
                name: "Content",
                table: "StoredIndicators",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Figures");

            migrationBuilder.CreateIndex(
                name: "IX_StoredIndicators_ScopePath_From_To_Content",
                table: "StoredIndicators",
                columns: new[] { "ScopePath", "From", "To", "Content" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseFacts_DueAt",
                table: "CaseFacts",
                column: "DueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StoredIndicators_ScopePath_From_To_Content",
                table: "StoredIndicators");

            migrationBuilder.DropIndex(
                name: "IX_CaseFacts_DueAt",
                table: "CaseFacts");

            migrationBuilder.DropColumn(
                name: "Content",
                table: "StoredIndicators");

            migrationBuilder.CreateIndex(
                name: "IX_StoredIndicators_ScopePath_From_To",
                table: "StoredIndicators",
                columns: new[] { "ScopePath", "From", "To" },
                unique: true);
        }
    }
}
