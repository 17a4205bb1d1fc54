using System.Security.Cryptography;

namespace Panlong.Portal.Features.Identity.Passwords;

/// <summary>A one-time password for an administrator's reset: 16 random characters from all four classes, no look-alikes (0/O, 1/l/I).</summary>
public static class TemporaryPassword
{
    private const string Lower = "abcdefghijkmnpqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "#%+=?@";
    public const int Length = 16;

    public static string Create()
    {
        string[] classes = [Lower, Upper, Digits, Symbols];
        var all = string.Concat(classes);
        // One of each class, the rest from all of them, then shuffled so the classes sit anywhere.
        var chars = classes.Select(Pick).Concat(Enumerable.Range(0, Length - classes.Length).Select(_ => Pick(all))).ToArray();
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static char Pick(string from) => from[RandomNumberGenerator.GetInt32(from.Length)];
}
