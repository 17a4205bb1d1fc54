using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Applications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ServiceApplications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Number = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    ServiceItemId = table.Column<int>(type: "int", nullable: false),
                    ServiceCode = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ServiceVersion = table.Column<int>(type: "int", nullable: false),
                    ServiceName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ApplicantKind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    ApplicantUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    ApplicantName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ApplicantIdHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    ApplicantIdMasked = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    CreditCode = table.Column<string>(type: "nvarchar(18)", maxLength: 18, nullable: true),
                    Channel = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    EnteredByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    EnteredByName = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    WindowUnitCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    ApprovingUnitCodes = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    FormCipher = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    FormDisplay = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    VerifiedFacts = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ClientKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    InstanceId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    State = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    StateName = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    DueAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    PausedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    WorkingDaysUsed = table.Column<double>(type: "float", nullable: true),
                    OnTime = table.Column<bool>(type: "bit", nullable: true),
                    PausedMinutes = table.Column<long>(type: "bigint", nullable: false),
                    TrackCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceApplications_ServiceItems_ServiceItemId",
                        column: x => x.ServiceItemId,
                        principalTable: "ServiceItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationDocuments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    DocumentNumber = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    IssuerName = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Content = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    VerifyCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApplicationDocuments_ServiceApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "ServiceApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    ActorName = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApplicationEvents_ServiceApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "ServiceApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ApplicationMaterials",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: false),
                    MaterialName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    StoredPath = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    IsSupplement = table.Column<bool>(type: "bit", nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UploadedByName = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationMaterials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApplicationMaterials_ServiceApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "ServiceApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ServiceRatings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ApplicationId = table.Column<long>(type: "bigint", nullable: false),
                    Level = table.Column<int>(type: "int", nullable: false),
                    Dimensions = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Comment = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    RatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    RectifyUnitCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    RectificationInstanceId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RectifyDueAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    RectifiedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    RectificationAnswer = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceRatings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceRatings_ServiceApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "ServiceApplications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationDocuments_ApplicationId_Kind",
                table: "ApplicationDocuments",
                columns: new[] { "ApplicationId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationDocuments_VerifyCode",
                table: "ApplicationDocuments",
                column: "VerifyCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationEvents_ApplicationId_At",
                table: "ApplicationEvents",
                columns: new[] { "ApplicationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ApplicationMaterials_ApplicationId",
                table: "ApplicationMaterials",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_ApplicantIdHash",
                table: "ServiceApplications",
                column: "ApplicantIdHash");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_ApplicantUserId_CreatedAt",
                table: "ServiceApplications",
                columns: new[] { "ApplicantUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_ClientKey",
                table: "ServiceApplications",
                column: "ClientKey",
                unique: true,
                filter: "[ClientKey] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_InstanceId",
                table: "ServiceApplications",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_Number",
                table: "ServiceApplications",
                column: "Number",
                unique: true,
                filter: "[Number] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_ScopePath_State",
                table: "ServiceApplications",
                columns: new[] { "ScopePath", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_ServiceCode_SubmittedAt",
                table: "ServiceApplications",
                columns: new[] { "ServiceCode", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_ServiceItemId",
                table: "ServiceApplications",
                column: "ServiceItemId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_TrackCode",
                table: "ServiceApplications",
                column: "TrackCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRatings_ApplicationId",
                table: "ServiceRatings",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRatings_RectificationInstanceId",
                table: "ServiceRatings",
                column: "RectificationInstanceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApplicationDocuments");

            migrationBuilder.DropTable(
                name: "ApplicationEvents");

            migrationBuilder.DropTable(
                name: "ApplicationMaterials");

            migrationBuilder.DropTable(
                name: "ServiceRatings");

            migrationBuilder.DropTable(
                name: "ServiceApplications");
        }
    }
}
