using System.Security.Cryptography;
using System.Text;

namespace Grains.Index;

internal static class AuthorizationCodes
{
    /// <summary>WeChat's codes live 10 minutes to an hour; a day covers every retry of a push that carried one.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    /// <summary>Stored instead of the code: a used code is worthless, but the ledger need not hold even that.</summary>
    public static byte[] Digest(string authorizationCode) => SHA256.HashData(Encoding.UTF8.GetBytes(authorizationCode));
}
