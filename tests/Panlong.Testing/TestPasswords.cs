using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Panlong.Data.Identity;

namespace Panlong.Testing;

/// <summary>
/// PBKDF2 at a test's work factor (docs/decisions/0106-test-password-hashing.md). The library's 100,000 rounds of HMAC-SHA512
/// cost ~0.1 CPU-second per hash or sign-in on the test machine; the tests prove who may sign in, not how slowly, so every
/// test host hashes and verifies with <see cref="Iterations"/>: the portals through the Development-only setting
/// <see cref="Setting"/>, in-process databases and test helpers through <see cref="Hasher"/>.
/// </summary>
public static class TestPasswords
{
    /// <summary>1,000, or PANLONG_TEST_PASSWORD_ITERATIONS (100000 is the library's default: to measure what this saves).</summary>
    public static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("PANLONG_TEST_PASSWORD_ITERATIONS"), out var n) ? n : 1_000;

    /// <summary>The portal's setting (Panlong.Portal's <c>IdentitySetup.HashIterationsKey</c>), as configuration and environment variable.</summary>
    public const string Setting = "Security:PasswordHashIterations";

    public static readonly PasswordHasherOptions Options = new() { IterationCount = Iterations };

    public static IPasswordHasher<PanlongUser> Hasher { get; } = new PasswordHasher<PanlongUser>(Microsoft.Extensions.Options.Options.Create(Options));
}
