using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Panlong.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InspectorRotation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_GridAssignments_GridId_StaffMemberId_Duty",
                table: "GridAssignments");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "From",
                table: "GridAssignments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RotationPlanId",
                table: "GridAssignments",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "Until",
                table: "GridAssignments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RotationPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EffectiveAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    MovesJson = table.Column<string>(type: "text", nullable: false),
                    MoveCount = table.Column<int>(type: "integer", nullable: false),
                    RuleId = table.Column<int>(type: "integer", nullable: true),
                    ScopePath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false, collation: "C"),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Reason = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RotationPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RotationRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MaxMonthsInStreet = table.Column<int>(type: "integer", nullable: false),
                    NoReturnMonths = table.Column<int>(type: "integer", nullable: false),
                    PeriodMonths = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    CreatedByName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RotationRules", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GridAssignments_Duty_GridId_From",
                table: "GridAssignments",
                columns: new[] { "Duty", "GridId", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_GridAssignments_GridId_StaffMemberId_Duty_From",
                table: "GridAssignments",
                columns: new[] { "GridId", "StaffMemberId", "Duty", "From" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RotationPlans_InstanceId",
                table: "RotationPlans",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_RotationPlans_ScopePath",
                table: "RotationPlans",
                column: "ScopePath");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RotationPlans");

            migrationBuilder.DropTable(
                name: "RotationRules");

            migrationBuilder.DropIndex(
                name: "IX_GridAssignments_Duty_GridId_From",
                table: "GridAssignments");

            migrationBuilder.DropIndex(
                name: "IX_GridAssignments_GridId_StaffMemberId_Duty_From",
                table: "GridAssignments");

            migrationBuilder.DropColumn(
                name: "From",
                table: "GridAssignments");

            migrationBuilder.DropColumn(
                name: "RotationPlanId",
                table: "GridAssignments");

            migrationBuilder.DropColumn(
                name: "Until",
                table: "GridAssignments");

            migrationBuilder.CreateIndex(
                name: "IX_GridAssignments_GridId_StaffMemberId_Duty",
                table: "GridAssignments",
                columns: new[] { "GridId", "StaffMemberId", "Duty" },
                unique: true);
        }
    }
}
