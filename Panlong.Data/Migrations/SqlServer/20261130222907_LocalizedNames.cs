using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LocalizedNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NameEn",
                table: "ServiceItems",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameEn",
                table: "ProcessDefinitions",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "ServiceItems");

            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "ProcessDefinitions");
        }
    }
}
