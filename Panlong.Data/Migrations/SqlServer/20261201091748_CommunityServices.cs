using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Panlong.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CommunityServices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Activities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CommunityCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    Venue = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    BuildingId = table.Column<long>(type: "bigint", nullable: true),
                    StartsAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Capacity = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    CancelReason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    OrganizerUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    OrganizerName = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CheckInSecret = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Activities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Activities_Buildings_BuildingId",
                        column: x => x.BuildingId,
                        principalTable: "Buildings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "NeedKinds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    NameEn = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    SkillIds = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SortOrder = table.Column<int>(type: "int", nullable: false),
                    Active = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NeedKinds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceOrders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CommunityCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    SkillId = table.Column<int>(type: "int", nullable: false),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    HouseId = table.Column<long>(type: "bigint", nullable: false),
                    BuildingId = table.Column<long>(type: "bigint", nullable: false),
                    LivingAlone = table.Column<bool>(type: "bit", nullable: false),
                    WindowStart = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    WindowEnd = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Description = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    PostedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    PostedByName = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    PostedByStaff = table.Column<bool>(type: "bit", nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    AssigneeVolunteerId = table.Column<long>(type: "bigint", nullable: true),
                    AssigneeUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    AssignedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CheckedInAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CheckInDistance = table.Column<int>(type: "int", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    PhotoPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    PhotoThumbnailPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Rating = table.Column<int>(type: "int", nullable: true),
                    RatingComment = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    NoShows = table.Column<int>(type: "int", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
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
                name: "SupermarketGoods",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CommunityCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Price = table.Column<int>(type: "int", nullable: false),
                    Stock = table.Column<int>(type: "int", nullable: false),
                    OnShelf = table.Column<bool>(type: "bit", nullable: false),
                    PhotoPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ThumbnailPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupermarketGoods", x => x.Id);
                    table.CheckConstraint("CK_SupermarketGoods_Price", "\"Price\" > 0");
                    table.CheckConstraint("CK_SupermarketGoods_Stock", "\"Stock\" >= 0");
                });

            migrationBuilder.CreateTable(
                name: "ActivityHelperSlots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ActivityId = table.Column<long>(type: "bigint", nullable: false),
                    SkillId = table.Column<int>(type: "int", nullable: false),
                    Wanted = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivityHelperSlots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActivityHelperSlots_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ActivityHelperSlots_VolunteerSkills_SkillId",
                        column: x => x.SkillId,
                        principalTable: "VolunteerSkills",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ActivitySignUps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ActivityId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    SkillId = table.Column<int>(type: "int", nullable: true),
                    VolunteerCode = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    Seat = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    QueuedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    PromotedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CheckedInAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CheckedInBy = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivitySignUps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActivitySignUps_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NeedGroups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    KindId = table.Column<int>(type: "int", nullable: false),
                    CommunityCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Area = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LinkKind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    LinkId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true)
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
                name: "ServiceOrderEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OrderId = table.Column<long>(type: "bigint", nullable: false),
                    CommunityCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Action = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ActorUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    ActorName = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    VolunteerId = table.Column<long>(type: "bigint", nullable: true),
                    Note = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
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

            migrationBuilder.CreateTable(
                name: "SupermarketOrders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Key = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CommunityCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    GoodsId = table.Column<long>(type: "bigint", nullable: false),
                    GoodsName = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Quantity = table.Column<int>(type: "int", nullable: false),
                    Price = table.Column<int>(type: "int", nullable: false),
                    Amount = table.Column<int>(type: "int", nullable: false),
                    VolunteerCode = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    VolunteerUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    PickupCode = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ClosedBy = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    CancelReason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupermarketOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupermarketOrders_SupermarketGoods_GoodsId",
                        column: x => x.GoodsId,
                        principalTable: "SupermarketGoods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SupermarketStockMovements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    GoodsId = table.Column<long>(type: "bigint", nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Delta = table.Column<int>(type: "int", nullable: false),
                    OrderId = table.Column<long>(type: "bigint", nullable: true),
                    Reason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    By = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupermarketStockMovements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupermarketStockMovements_SupermarketGoods_GoodsId",
                        column: x => x.GoodsId,
                        principalTable: "SupermarketGoods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NeedInvitations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    GroupId = table.Column<long>(type: "bigint", nullable: false),
                    VolunteerId = table.Column<long>(type: "bigint", nullable: false),
                    InvitedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    KindId = table.Column<int>(type: "int", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    CommunityCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    GridId = table.Column<int>(type: "int", nullable: true),
                    BuildingId = table.Column<long>(type: "bigint", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    GroupId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StatusChangedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    StatusReason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
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
                name: "IX_Activities_BuildingId",
                table: "Activities",
                column: "BuildingId");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_ScopePath_StartsAt",
                table: "Activities",
                columns: new[] { "ScopePath", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ActivityHelperSlots_ActivityId_SkillId",
                table: "ActivityHelperSlots",
                columns: new[] { "ActivityId", "SkillId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActivityHelperSlots_SkillId",
                table: "ActivityHelperSlots",
                column: "SkillId");

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySignUps_ActivityId_Seat_QueuedAt",
                table: "ActivitySignUps",
                columns: new[] { "ActivityId", "Seat", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySignUps_ActivityId_UserId",
                table: "ActivitySignUps",
                columns: new[] { "ActivityId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActivitySignUps_UserId",
                table: "ActivitySignUps",
                column: "UserId");

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

            migrationBuilder.CreateIndex(
                name: "IX_SupermarketGoods_ScopePath_OnShelf",
                table: "SupermarketGoods",
                columns: new[] { "ScopePath", "OnShelf" });

            migrationBuilder.CreateIndex(
                name: "IX_SupermarketOrders_GoodsId",
                table: "SupermarketOrders",
                column: "GoodsId");

            migrationBuilder.CreateIndex(
                name: "IX_SupermarketOrders_Key",
                table: "SupermarketOrders",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupermarketOrders_PickupCode",
                table: "SupermarketOrders",
                column: "PickupCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupermarketOrders_ScopePath_CreatedAt",
                table: "SupermarketOrders",
                columns: new[] { "ScopePath", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SupermarketOrders_VolunteerUserId_CreatedAt",
                table: "SupermarketOrders",
                columns: new[] { "VolunteerUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SupermarketStockMovements_GoodsId",
                table: "SupermarketStockMovements",
                column: "GoodsId");

            migrationBuilder.CreateIndex(
                name: "IX_SupermarketStockMovements_ScopePath_At",
                table: "SupermarketStockMovements",
                columns: new[] { "ScopePath", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivityHelperSlots");

            migrationBuilder.DropTable(
                name: "ActivitySignUps");

            migrationBuilder.DropTable(
                name: "NeedInvitations");

            migrationBuilder.DropTable(
                name: "Needs");

            migrationBuilder.DropTable(
                name: "ServiceOrderEvents");

            migrationBuilder.DropTable(
                name: "SupermarketOrders");

            migrationBuilder.DropTable(
                name: "SupermarketStockMovements");

            migrationBuilder.DropTable(
                name: "Activities");

            migrationBuilder.DropTable(
                name: "NeedGroups");

            migrationBuilder.DropTable(
                name: "ServiceOrders");

            migrationBuilder.DropTable(
                name: "SupermarketGoods");

            migrationBuilder.DropTable(
                name: "NeedKinds");
        }
    }
}
