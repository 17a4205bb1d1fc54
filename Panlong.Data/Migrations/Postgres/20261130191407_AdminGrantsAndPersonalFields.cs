using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Panlong.Data.Migrations.Postgres
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<string>(
                name: "PhoneMasked",
                table: "StaffMembers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RoleGrantRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TargetUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    TargetUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CurrentRoles = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    RequestedRoles = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    RequestedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DecidedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");
        }
    }
}
