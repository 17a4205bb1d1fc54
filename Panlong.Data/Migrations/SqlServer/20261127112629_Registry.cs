using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Registry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Buildings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Address = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Floors = table.Column<int>(type: "int", nullable: false),
                    Use = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Lat = table.Column<double>(type: "float", nullable: false),
                    Lng = table.Column<double>(type: "float", nullable: false),
                    GridId = table.Column<int>(type: "int", nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    IsDemo = table.Column<bool>(type: "bit", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Buildings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Buildings_OrgUnits_GridId",
                        column: x => x.GridId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RegistryChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    EntityType = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    EntityId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    UserName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Action = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Changes = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistryChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Houses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    BuildingId = table.Column<long>(type: "bigint", nullable: false),
                    Unit = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Room = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Use = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Area = table.Column<decimal>(type: "decimal(10,2)", precision: 10, scale: 2, nullable: false),
                    GridId = table.Column<int>(type: "int", nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    IsDemo = table.Column<bool>(type: "bit", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Houses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Houses_Buildings_BuildingId",
                        column: x => x.BuildingId,
                        principalTable: "Buildings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Houses_OrgUnits_GridId",
                        column: x => x.GridId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LegalEntities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreditCode = table.Column<string>(type: "nvarchar(18)", maxLength: 18, nullable: false),
                    EntityType = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    LegalRepresentative = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    Address = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    BuildingId = table.Column<long>(type: "bigint", nullable: true),
                    GridId = table.Column<int>(type: "int", nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    IsDemo = table.Column<bool>(type: "bit", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LegalEntities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LegalEntities_Buildings_BuildingId",
                        column: x => x.BuildingId,
                        principalTable: "Buildings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_LegalEntities_OrgUnits_GridId",
                        column: x => x.GridId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "People",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Gender = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    IdType = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    IdCipher = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    IdHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    IdMasked = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    RegionCode = table.Column<string>(type: "nvarchar(6)", maxLength: 6, nullable: true),
                    Ethnicity = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    PhoneCipher = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    PhoneHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    PhoneMasked = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    Household = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Groups = table.Column<int>(type: "int", nullable: false),
                    GridId = table.Column<int>(type: "int", nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    HouseId = table.Column<long>(type: "bigint", nullable: true),
                    IsDemo = table.Column<bool>(type: "bit", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_People", x => x.Id);
                    table.ForeignKey(
                        name: "FK_People_Houses_HouseId",
                        column: x => x.HouseId,
                        principalTable: "Houses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_People_OrgUnits_GridId",
                        column: x => x.GridId,
                        principalTable: "OrgUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Buildings_GridId",
                table: "Buildings",
                column: "GridId");

            migrationBuilder.CreateIndex(
                name: "IX_Buildings_ScopePath_Name",
                table: "Buildings",
                columns: new[] { "ScopePath", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_Houses_BuildingId_Unit_Room",
                table: "Houses",
                columns: new[] { "BuildingId", "Unit", "Room" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Houses_GridId",
                table: "Houses",
                column: "GridId");

            migrationBuilder.CreateIndex(
                name: "IX_Houses_ScopePath",
                table: "Houses",
                column: "ScopePath");

            migrationBuilder.CreateIndex(
                name: "IX_LegalEntities_BuildingId",
                table: "LegalEntities",
                column: "BuildingId");

            migrationBuilder.CreateIndex(
                name: "IX_LegalEntities_CreditCode",
                table: "LegalEntities",
                column: "CreditCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LegalEntities_GridId",
                table: "LegalEntities",
                column: "GridId");

            migrationBuilder.CreateIndex(
                name: "IX_LegalEntities_ScopePath_Name",
                table: "LegalEntities",
                columns: new[] { "ScopePath", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_People_GridId",
                table: "People",
                column: "GridId");

            migrationBuilder.CreateIndex(
                name: "IX_People_HouseId",
                table: "People",
                column: "HouseId");

            migrationBuilder.CreateIndex(
                name: "IX_People_IdHash",
                table: "People",
                column: "IdHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_People_Name",
                table: "People",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_People_PhoneHash",
                table: "People",
                column: "PhoneHash");

            migrationBuilder.CreateIndex(
                name: "IX_People_ScopePath_Name",
                table: "People",
                columns: new[] { "ScopePath", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_RegistryChanges_EntityType_EntityId",
                table: "RegistryChanges",
                columns: new[] { "EntityType", "EntityId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LegalEntities");

            migrationBuilder.DropTable(
                name: "People");

            migrationBuilder.DropTable(
                name: "RegistryChanges");

            migrationBuilder.DropTable(
                name: "Houses");

            migrationBuilder.DropTable(
                name: "Buildings");
        }
    }
}
