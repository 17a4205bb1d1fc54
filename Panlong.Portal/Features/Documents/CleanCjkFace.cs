using System.Runtime.InteropServices;
using HarfBuzzSharp;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Panlong.Portal.Features.Documents;

/// <summary>
/// Works around Skia's ToUnicode map (ADR 13): in CJK faces a radical (⻰ U+2ED0, ⽉ U+2F49) or a compatibility
/// ideograph often shares its glyph with an ordinary ideograph (龙, 月), and Skia names the glyph by the lowest code
/// point, so text copied or extracted from the PDF shows the radical. HarfBuzz's subsetter (in the native library
/// HarfBuzzSharp already ships) makes a copy of the face whose character map lacks those ranges; everything else —
/// glyphs, GSUB/GPOS, CFF outlines — stays, and Skia subsets the copy per document as before.
/// </summary>
internal static class CleanCjkFace
{
    private static readonly (uint First, uint Last)[] Dropped = [(0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)];

    /// <summary>The cleaned face, or null when the native subsetter is not available (the original face is then used).</summary>
    public static SKTypeface? From(SKTypeface typeface)
    {
        try
        {
            using var stream = typeface.OpenStream(out var index);
            using var blob = stream.ToHarfBuzzBlob();
            using var face = new Face(blob, index);
            var input = Native.hb_subset_input_create_or_fail();
            if (input == IntPtr.Zero)
            {
                return null;
            }
            try
            {
                var unicodes = Native.hb_subset_input_unicode_set(input);
                Native.hb_face_collect_unicodes(face.Handle, unicodes);
                foreach (var (first, last) in Dropped)
                {
                    Native.hb_set_del_range(unicodes, first, last);
                }
                var subset = Native.hb_subset_or_fail(face.Handle, input);
                if (subset == IntPtr.Zero)
                {
                    return null;
                }
                var result = Native.hb_face_reference_blob(subset);
                try
                {
                    var data = Native.hb_blob_get_data(result, out var length);
                    return SKTypeface.FromData(SKData.CreateCopy(data, length));
                }
                finally
                {
                    Native.hb_blob_destroy(result);
                    Native.hb_face_destroy(subset);
                }
            }
            finally
            {
                Native.hb_subset_input_destroy(input);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static class Native
    {
        private const string Library = "libHarfBuzzSharp";

        [DllImport(Library)] public static extern IntPtr hb_subset_input_create_or_fail();
        [DllImport(Library)] public static extern void hb_subset_input_destroy(IntPtr input);
        [DllImport(Library)] public static extern IntPtr hb_subset_input_unicode_set(IntPtr input);
        [DllImport(Library)] public static extern void hb_face_collect_unicodes(IntPtr face, IntPtr set);
        [DllImport(Library)] public static extern void hb_set_del_range(IntPtr set, uint first, uint last);
        [DllImport(Library)] public static extern IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);
        [DllImport(Library)] public static extern IntPtr hb_face_reference_blob(IntPtr face);
        [DllImport(Library)] public static extern void hb_face_destroy(IntPtr face);
        [DllImport(Library)] public static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);
        [DllImport(Library)] public static extern void hb_blob_destroy(IntPtr blob);
    }
}
