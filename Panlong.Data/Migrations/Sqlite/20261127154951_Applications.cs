using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ServiceItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ServiceVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ServiceName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ApplicantKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ApplicantUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ApplicantName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ApplicantIdHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ApplicantIdMasked = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EnteredByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    EnteredByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    WindowUnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ApprovingUnitCodes = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FormCipher = table.Column<string>(type: "TEXT", nullable: false),
                    FormDisplay = table.Column<string>(type: "TEXT", nullable: false),
                    VerifiedFacts = table.Column<string>(type: "TEXT", nullable: false),
                    ClientKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StateName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PausedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WorkingDaysUsed = table.Column<double>(type: "REAL", nullable: true),
                    OnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    PausedMinutes = table.Column<long>(type: "INTEGER", nullable: false),
                    TrackCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DocumentNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    IssuerName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    VerifyCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    MaterialName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredPath = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsSupplement = table.Column<bool>(type: "INTEGER", nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedByName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApplicationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Dimensions = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RectifyUnitCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RectificationInstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RectifyDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RectifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RectificationAnswer = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
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
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_InstanceId",
                table: "ServiceApplications",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceApplications_Number",
                table: "ServiceApplications",
                column: "Number",
                unique: true);

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
