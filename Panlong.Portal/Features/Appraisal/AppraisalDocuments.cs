#pragma warning disable IDE0060
// TEMPORARY STUB (not committed): replaced by the helper's renderers.
using Panlong.Portal.Features.Services;
using Panlong.Workflows.Appraisal;
namespace Panlong.Portal.Features.Appraisal;
public sealed record AppraisalDocument(AppraisalResult Result, AppraisalConfig Config, string Title, string PeriodLabel, DateTimeOffset GeneratedAt, string GeneratedBy, ServiceFigure? ServiceTotal, IReadOnlyList<ServiceFigure> ServiceByDepartment, IReadOnlyList<int> Ratings);
public sealed class AppraisalPdfRenderer(Documents.PdfFonts fonts) { public byte[] Render(AppraisalDocument doc, IProgress<int>? progress = null) { _ = fonts; return [1]; } }
public sealed class AppraisalWorkbookRenderer { public byte[] Render(AppraisalDocument doc) => [1]; }
