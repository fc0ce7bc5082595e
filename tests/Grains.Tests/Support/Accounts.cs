namespace Grains.Tests.Support;

internal static class Accounts
{
    public const string ComponentAppId = "wx7e57c0de00000002";
    public const string ComponentSecret = "grain-test-secret";
    public const string Token = "graintoken";
    public const string EncodingAesKey = "R3JhaW5UZXN0RW5jb2RpbmdBRVNLZXkwMTIzNDU2Nzg";

    /// <summary>Accounts the sandbox lets authorize; each test takes its own.</summary>
    public static string Account(int n) => $"wx7e57acc1{n:D8}";
}
