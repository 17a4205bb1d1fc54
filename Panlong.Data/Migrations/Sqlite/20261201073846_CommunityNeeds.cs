using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Panlong.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommunityNeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NeedKinds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    SkillIds = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NeedKinds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NeedGroups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    KindId = table.Column<int>(type: "INTEGER", nullable: false),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Area = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LinkKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    LinkId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NeedGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NeedGroups_NeedKinds_KindId",
                        column: x => x.KindId,
                        principalTable: "NeedKinds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NeedInvitations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GroupId = table.Column<long>(type: "INTEGER", nullable: false),
                    VolunteerId = table.Column<long>(type: "INTEGER", nullable: false),
                    InvitedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NeedInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NeedInvitations_NeedGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "NeedGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NeedInvitations_Volunteers_VolunteerId",
                        column: x => x.VolunteerId,
                        principalTable: "Volunteers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Needs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    PersonId = table.Column<long>(type: "INTEGER", nullable: false),
                    KindId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GridId = table.Column<int>(type: "INTEGER", nullable: true),
                    BuildingId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    GroupId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StatusChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Needs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Needs_Buildings_BuildingId",
                        column: x => x.BuildingId,
                        principalTable: "Buildings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Needs_NeedGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "NeedGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Needs_NeedKinds_KindId",
                        column: x => x.KindId,
                        principalTable: "NeedKinds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "NeedKinds",
                columns: new[] { "Id", "Active", "Name", "NameEn", "SkillIds", "SortOrder" },
                values: new object[,]
                {
                    { 1, true, "义诊", "Free clinic", "1", 1 },
                    { 2, true, "法律咨询", "Legal advice", "2", 2 },
                    { 3, true, "亲子活动", "Parent-child activity", "3,7", 3 },
                    { 4, true, "家政", "Housekeeping", "4", 4 },
                    { 5, true, "助老", "Elderly care", "6,4", 5 },
                    { 6, true, "其他", "Other", "8", 6 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_NeedGroups_KindId",
                table: "NeedGroups",
                column: "KindId");

            migrationBuilder.CreateIndex(
                name: "IX_NeedGroups_LinkKind_LinkId",
                table: "NeedGroups",
                columns: new[] { "LinkKind", "LinkId" });

            migrationBuilder.CreateIndex(
                name: "IX_NeedGroups_ScopePath_Status",
                table: "NeedGroups",
                columns: new[] { "ScopePath", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_NeedInvitations_GroupId_VolunteerId",
                table: "NeedInvitations",
                columns: new[] { "GroupId", "VolunteerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NeedInvitations_VolunteerId",
                table: "NeedInvitations",
                column: "VolunteerId");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_BuildingId",
                table: "Needs",
                column: "BuildingId");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_GroupId",
                table: "Needs",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_KindId",
                table: "Needs",
                column: "KindId");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_ScopePath_Status",
                table: "Needs",
                columns: new[] { "ScopePath", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_UserId",
                table: "Needs",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NeedInvitations");

            migrationBuilder.DropTable(
                name: "Needs");

            migrationBuilder.DropTable(
                name: "NeedGroups");

            migrationBuilder.DropTable(
                name: "NeedKinds");
        }
    }
}
