using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WeChat.Api;

namespace Sandbox.State;

/// <summary>The component_verify_tickets pushed to each platform; every pushed ticket stays valid for its lifetime.</summary>
public sealed class TicketBook(TimeProvider time, IOptions<SandboxOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string ComponentAppId, DateTimeOffset ExpiresAt)> _tickets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _latest = new(StringComparer.Ordinal);

    public string Issue(string componentAppId)
    {
        var ticket = "ticket@@@" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 86);
        lock (_lock)
        {
            _tickets[ticket] = (componentAppId, time.GetUtcNow() + options.Value.TicketLifetime);
            _latest[componentAppId] = ticket;
        }

        return ticket;
    }

    public int Check(string componentAppId, string? ticket)
    {
        lock (_lock)
        {
            if (ticket is null || !_tickets.TryGetValue(ticket, out var issued) || issued.ComponentAppId != componentAppId)
            {
                return WeChatErrorCodes.TicketInvalid;
            }

            return time.GetUtcNow() >= issued.ExpiresAt ? WeChatErrorCodes.TicketExpired : 0;
        }
    }

    public string? Latest(string componentAppId)
    {
        lock (_lock)
        {
            return _latest.GetValueOrDefault(componentAppId);
        }
    }

    /// <summary>Expires every ticket of a platform, as twelve hours without pushes would.</summary>
    public void ExpireAll(string componentAppId)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var (ticket, issued) in _tickets.Where(t => t.Value.ComponentAppId == componentAppId).ToList())
            {
                _tickets[ticket] = issued with { ExpiresAt = now };
            }
        }
    }
}
