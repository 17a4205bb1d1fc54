using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Panlong.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ServiceOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ServiceOrders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CommunityCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    SkillId = table.Column<int>(type: "integer", nullable: false),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    HouseId = table.Column<long>(type: "bigint", nullable: false),
                    BuildingId = table.Column<long>(type: "bigint", nullable: false),
                    LivingAlone = table.Column<bool>(type: "boolean", nullable: false),
                    WindowStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WindowEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PostedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    PostedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    PostedByStaff = table.Column<bool>(type: "boolean", nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AssigneeVolunteerId = table.Column<long>(type: "bigint", nullable: true),
                    AssigneeUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CheckedInAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CheckInDistance = table.Column<int>(type: "integer", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PhotoPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PhotoThumbnailPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Rating = table.Column<int>(type: "integer", nullable: true),
                    RatingComment = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NoShows = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceOrders_Houses_HouseId",
                        column: x => x.HouseId,
                        principalTable: "Houses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ServiceOrders_VolunteerSkills_SkillId",
                        column: x => x.SkillId,
                        principalTable: "VolunteerSkills",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ServiceOrderEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderId = table.Column<long>(type: "bigint", nullable: false),
                    CommunityCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ActorName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    VolunteerId = table.Column<long>(type: "bigint", nullable: true),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceOrderEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceOrderEvents_ServiceOrders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "ServiceOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceOrderEvents_OrderId",
                table: "ServiceOrderEvents",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceOrderEvents_VolunteerId_Action_At",
                table: "ServiceOrderEvents",
                columns: new[] { "VolunteerId", "Action", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceOrders_AssigneeVolunteerId",
                table: "ServiceOrders",
                column: "AssigneeVolunteerId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceOrders_CommunityCode_Status",
                table: "ServiceOrders",
                columns: new[] { "CommunityCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceOrders_HouseId",
                table: "ServiceOrders",
                column: "HouseId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceOrders_PostedByUserId",
                table: "ServiceOrders",
                column: "PostedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceOrders_ScopePath",
                table: "ServiceOrders",
                column: "ScopePath");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceOrders_SkillId",
                table: "ServiceOrders",
                column: "SkillId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ServiceOrderEvents");

            migrationBuilder.DropTable(
                name: "ServiceOrders");
        }
    }
}
