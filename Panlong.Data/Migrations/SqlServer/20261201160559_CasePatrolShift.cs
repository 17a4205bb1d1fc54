using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Panlong.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CasePatrolShift : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PatrolShiftId",
                table: "Cases",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_PatrolShiftId",
                table: "Cases",
                column: "PatrolShiftId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_PatrolShiftId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "PatrolShiftId",
                table: "Cases");
        }
    }
}
