using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Panlong.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CarePlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CareKinds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Code = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    NameEn = table.Column<string>(type: "nvarchar(80)", maxLength: 80, nullable: true),
                    IntervalWorkingDays = table.Column<int>(type: "int", nullable: false),
                    VisibleRoles = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Active = table.Column<bool>(type: "bit", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CareKinds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CarePlans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PersonId = table.Column<long>(type: "bigint", nullable: false),
                    KindId = table.Column<int>(type: "int", nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    GridId = table.Column<int>(type: "int", nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ResponsibleUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    ResponsibleName = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    HelperTeam = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    IsDemo = table.Column<bool>(type: "bit", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CarePlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CarePlans_CareKinds_KindId",
                        column: x => x.KindId,
                        principalTable: "CareKinds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CarePlans_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CareVisits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PlanId = table.Column<long>(type: "bigint", nullable: false),
                    Seq = table.Column<int>(type: "int", nullable: false),
                    OpensAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    DoneAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    DoneByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    DoneByName = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    Met = table.Column<bool>(type: "bit", nullable: true),
                    Condition = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Needs = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    PhotoPath = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    ThumbnailPath = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    Lat = table.Column<double>(type: "float", nullable: true),
                    Lng = table.Column<double>(type: "float", nullable: true),
                    Metres = table.Column<int>(type: "int", nullable: true),
                    FarFromHouse = table.Column<bool>(type: "bit", nullable: false),
                    OutsideWindow = table.Column<bool>(type: "bit", nullable: false),
                    ServiceOrderId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CareVisits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CareVisits_CarePlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "CarePlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "CareKinds",
                columns: new[] { "Id", "Active", "Code", "IntervalWorkingDays", "Name", "NameEn", "Version", "VisibleRoles" },
                values: new object[,]
                {
                    { 1, true, "drug-rehab", 10, "社区戒毒/康复", "Community drug rehabilitation", new Guid("00000000-0000-0000-0087-000000000001"), "GridWorker,Supervisor,Leader,ShiftLead" },
                    { 2, true, "released", 21, "刑满释放", "Released from prison", new Guid("00000000-0000-0000-0087-000000000002"), "GridWorker,Supervisor,Leader,ShiftLead" },
                    { 3, true, "corrections", 5, "社区矫正", "Community corrections", new Guid("00000000-0000-0000-0087-000000000003"), "GridWorker,Supervisor,Leader,ShiftLead" },
                    { 4, true, "mental-illness", 10, "严重精神障碍", "Severe mental illness", new Guid("00000000-0000-0000-0087-000000000004"), "GridWorker,Supervisor,Leader,ShiftLead" },
                    { 5, true, "living-alone", 5, "独居老人", "Elderly living alone", new Guid("00000000-0000-0000-0087-000000000005"), "GridWorker,Supervisor,Leader,ShiftLead,Approver" },
                    { 6, true, "left-behind-child", 10, "留守儿童", "Left-behind child", new Guid("00000000-0000-0000-0087-000000000006"), "GridWorker,Supervisor,Leader,ShiftLead,Approver" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_CareKinds_Code",
                table: "CareKinds",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CarePlans_KindId",
                table: "CarePlans",
                column: "KindId");

            migrationBuilder.CreateIndex(
                name: "IX_CarePlans_PersonId",
                table: "CarePlans",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_CarePlans_ScopePath_KindId",
                table: "CarePlans",
                columns: new[] { "ScopePath", "KindId" });

            migrationBuilder.CreateIndex(
                name: "IX_CareVisits_PlanId_Seq",
                table: "CareVisits",
                columns: new[] { "PlanId", "Seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CareVisits_ScopePath_DueAt",
                table: "CareVisits",
                columns: new[] { "ScopePath", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CareVisits");

            migrationBuilder.DropTable(
                name: "CarePlans");

            migrationBuilder.DropTable(
                name: "CareKinds");
        }
    }
}
