using System.Security.Cryptography;
using System.Text;

namespace WeChat.Crypto;

/// <summary>WeChat's SHA-1 signatures: the parts sorted ordinally, concatenated, hashed, lower-case hex.</summary>
public static class MessageSignature
{
    /// <summary>The plain <c>signature</c>: sha1(sort(token, timestamp, nonce)).</summary>
    public static string ForUrl(string token, string timestamp, string nonce) => Compute(token, timestamp, nonce);

    /// <summary>The <c>msg_signature</c>: sha1(sort(token, timestamp, nonce, encrypt)).</summary>
    public static string ForMessage(string token, string timestamp, string nonce, string encrypt) =>
        Compute(token, timestamp, nonce, encrypt);

    public static string Compute(params string[] parts)
    {
        var sorted = (string[])parts.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted)));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Compares in constant time so a caller cannot learn a signature byte by byte.</summary>
    public static bool Matches(string expected, string? actual) =>
        actual is not null &&
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(actual.ToLowerInvariant()));
}
