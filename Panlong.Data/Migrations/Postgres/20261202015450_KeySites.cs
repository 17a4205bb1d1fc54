using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Panlong.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeySites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "KeySites",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Lat = table.Column<double>(type: "double precision", nullable: false),
                    Lng = table.Column<double>(type: "double precision", nullable: false),
                    BuildingId = table.Column<long>(type: "bigint", nullable: true),
                    GridId = table.Column<int>(type: "integer", nullable: false),
                    ScopePath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false, collation: "C"),
                    ResponsibleUnit = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RadiusMeters = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeySites", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeySites_Buildings_BuildingId",
                        column: x => x.BuildingId,
                        principalTable: "Buildings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_KeySites_OrgUnits_GridId",
                        column: x => x.GridId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "KeySiteDuties",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    StartMinute = table.Column<int>(type: "integer", nullable: false),
                    EndMinute = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    Until = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeySiteDuties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeySiteDuties_KeySites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "KeySites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KeySiteCheckIns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DutyId = table.Column<long>(type: "bigint", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Lat = table.Column<double>(type: "double precision", nullable: false),
                    Lng = table.Column<double>(type: "double precision", nullable: false),
                    DistanceMeters = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeySiteCheckIns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KeySiteCheckIns_KeySiteDuties_DutyId",
                        column: x => x.DutyId,
                        principalTable: "KeySiteDuties",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KeySiteMisses",
                columns: table => new
                {
                    DutyId = table.Column<long>(type: "bigint", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    SiteId = table.Column<int>(type: "integer", nullable: false),
                    AlertedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KeySiteMisses", x => new { x.DutyId, x.Day });
                    table.ForeignKey(
                        name: "FK_KeySiteMisses_KeySiteDuties_DutyId",
                        column: x => x.DutyId,
                        principalTable: "KeySiteDuties",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_KeySiteCheckIns_DutyId_Day",
                table: "KeySiteCheckIns",
                columns: new[] { "DutyId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_KeySiteCheckIns_SiteId_At",
                table: "KeySiteCheckIns",
                columns: new[] { "SiteId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_KeySiteDuties_SiteId",
                table: "KeySiteDuties",
                column: "SiteId");

            migrationBuilder.CreateIndex(
                name: "IX_KeySiteDuties_UserId",
                table: "KeySiteDuties",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_KeySites_BuildingId",
                table: "KeySites",
                column: "BuildingId");

            migrationBuilder.CreateIndex(
                name: "IX_KeySites_GridId",
                table: "KeySites",
                column: "GridId");

            migrationBuilder.CreateIndex(
                name: "IX_KeySites_ScopePath_IsActive",
                table: "KeySites",
                columns: new[] { "ScopePath", "IsActive" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "KeySiteCheckIns");

            migrationBuilder.DropTable(
                name: "KeySiteMisses");

            migrationBuilder.DropTable(
                name: "KeySiteDuties");

            migrationBuilder.DropTable(
                name: "KeySites");
        }
    }
}
