using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CityScaleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_People_ScopePath_GridId",
                table: "People",
                columns: new[] { "ScopePath", "GridId" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Number_Pattern",
                table: "Cases",
                column: "Number")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_People_ScopePath_GridId",
                table: "People");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Number_Pattern",
                table: "Cases");
        }
    }
}
