using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AdminGrantsAndPersonalFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The plain phones move into PhoneCipher with no masked form; start-up encrypts them (StaffPhones.ProtectStoredAsync),
            // since the key is not the database's to know.
            migrationBuilder.RenameColumn(
                name: "Phone",
                table: "StaffMembers",
                newName: "PhoneCipher");

            migrationBuilder.AlterColumn<string>(
                name: "PhoneCipher",
                table: "StaffMembers",
                type: "TEXT",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<string>(
                name: "PhoneMasked",
                table: "StaffMembers",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RoleGrantRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TargetUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    TargetUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CurrentRoles = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    RequestedRoles = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    RequestedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DecidedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoleGrantRequests", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RoleGrantRequests_Status_TargetUserId",
                table: "RoleGrantRequests",
                columns: new[] { "Status", "TargetUserId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RoleGrantRequests");

            migrationBuilder.DropColumn(
                name: "PhoneCipher",
                table: "StaffMembers");

            migrationBuilder.DropColumn(
                name: "PhoneMasked",
                table: "StaffMembers");

            migrationBuilder.AddColumn<string>(
                name: "Phone",
                table: "StaffMembers",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");
        }
    }
}
