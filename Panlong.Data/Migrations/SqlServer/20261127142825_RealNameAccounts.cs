using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RealNameAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreditCode",
                table: "AspNetUsers",
                type: "nvarchar(18)",
                maxLength: 18,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdCipher",
                table: "AspNetUsers",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdHash",
                table: "AspNetUsers",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdMasked",
                table: "AspNetUsers",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_CreditCode",
                table: "AspNetUsers",
                column: "CreditCode",
                unique: true,
                filter: "[CreditCode] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_IdHash",
                table: "AspNetUsers",
                column: "IdHash",
                unique: true,
                filter: "[IdHash] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_CreditCode",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_IdHash",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "CreditCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "IdCipher",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "IdHash",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "IdMasked",
                table: "AspNetUsers");
        }
    }
}
