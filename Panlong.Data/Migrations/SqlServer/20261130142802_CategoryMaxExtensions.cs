using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CategoryMaxExtensions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MaxExtensions",
                table: "CaseCategories",
                type: "int",
                nullable: false,
                defaultValue: 1); // existing classes get CaseCategory.DefaultMaxExtensions
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaxExtensions",
                table: "CaseCategories");
        }
    }
}
