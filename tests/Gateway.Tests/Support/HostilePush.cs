using System.Text;

namespace Gateway.Tests.Support;

/// <summary>One generated attack on a callback route: its category, what was changed, and the query and body sent.</summary>
public sealed record HostilePush(string Category, string Change, string Query, byte[] Body, bool Chunked = false)
{
    public HostilePush(string category, string change, ForgedPush push)
        : this(category, change, push.Query, Encoding.UTF8.GetBytes(push.Body))
    {
    }

    /// <summary>What a failing case prints: enough to rebuild it, without megabytes of body.</summary>
    public override string ToString() =>
        $"{Category} ({Change}): {Query} {Body.Length} bytes{(Chunked ? " chunked" : "")}: {Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 400))}";
}
