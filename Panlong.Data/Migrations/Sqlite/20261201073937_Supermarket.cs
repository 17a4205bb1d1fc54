using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Supermarket : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SupermarketGoods",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Price = table.Column<int>(type: "INTEGER", nullable: false),
                    Stock = table.Column<int>(type: "INTEGER", nullable: false),
                    OnShelf = table.Column<bool>(type: "INTEGER", nullable: false),
                    PhotoPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ThumbnailPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupermarketGoods", x => x.Id);
                    table.CheckConstraint("CK_SupermarketGoods_Price", "\"Price\" > 0");
                    table.CheckConstraint("CK_SupermarketGoods_Stock", "\"Stock\" >= 0");
                });

            migrationBuilder.CreateTable(
                name: "SupermarketOrders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CommunityCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GoodsId = table.Column<long>(type: "INTEGER", nullable: false),
                    GoodsName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Price = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<int>(type: "INTEGER", nullable: false),
                    VolunteerCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    VolunteerUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    PickupCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GoodsId = table.Column<long>(type: "INTEGER", nullable: false),
                    ScopePath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Delta = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<long>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
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
                name: "SupermarketOrders");

            migrationBuilder.DropTable(
                name: "SupermarketStockMovements");

            migrationBuilder.DropTable(
                name: "SupermarketGoods");
        }
    }
}
