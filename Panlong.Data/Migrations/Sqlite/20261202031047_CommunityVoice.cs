using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommunityVoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ForumPosts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TopicId = table.Column<long>(type: "INTEGER", nullable: true),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AuthorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    IsOfficial = table.Column<bool>(type: "INTEGER", nullable: false),
                    PinnedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Photos = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    HeldWord = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Reports = table.Column<int>(type: "INTEGER", nullable: false),
                    HiddenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HiddenBy = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    HiddenReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LinkKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    LinkId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LastActivityAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ForumPosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ForumPosts_ForumPosts_TopicId",
                        column: x => x.TopicId,
                        principalTable: "ForumPosts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LegalQuestions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    AskerUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AskerName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AskedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LawyerVolunteerId = table.Column<long>(type: "INTEGER", nullable: true),
                    LawyerUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    LawyerName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Rating = table.Column<int>(type: "INTEGER", nullable: true),
                    RatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedTitle = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PublishedQuestion = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PublishedAnswer = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LegalQuestions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ForumReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PostId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ForumReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ForumReports_ForumPosts_PostId",
                        column: x => x.PostId,
                        principalTable: "ForumPosts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LegalMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    QuestionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AuthorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LegalMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LegalMessages_LegalQuestions_QuestionId",
                        column: x => x.QuestionId,
                        principalTable: "LegalQuestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ForumPosts_ScopePath_TopicId_LastActivityAt",
                table: "ForumPosts",
                columns: new[] { "ScopePath", "TopicId", "LastActivityAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ForumPosts_TopicId_CreatedAt",
                table: "ForumPosts",
                columns: new[] { "TopicId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ForumReports_PostId_UserId",
                table: "ForumReports",
                columns: new[] { "PostId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LegalMessages_QuestionId_At",
                table: "LegalMessages",
                columns: new[] { "QuestionId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_LegalQuestions_AskerUserId",
                table: "LegalQuestions",
                column: "AskerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_LegalQuestions_CommunityCode_Status",
                table: "LegalQuestions",
                columns: new[] { "CommunityCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_LegalQuestions_PublishedAt",
                table: "LegalQuestions",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_LegalQuestions_Status_DueAt",
                table: "LegalQuestions",
                columns: new[] { "Status", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ForumReports");

            migrationBuilder.DropTable(
                name: "LegalMessages");

            migrationBuilder.DropTable(
                name: "ForumPosts");

            migrationBuilder.DropTable(
                name: "LegalQuestions");
        }
    }
}
