using Microsoft.Extensions.Logging;
using WeChat.Api;
using WeChat.Options;

namespace Grains.Component;

public sealed partial class ComponentGrain
{
    public async Task RecordTicketAsync(string ticket, DateTimeOffset pushedAt)
    {
        Credentials();
        await WriteAsync(s =>
        {
            if (s.TicketReceivedAt is { } received && received > pushedAt)
            {
                return false;
            }

            s.Ticket = ticket;
            s.TicketReceivedAt = pushedAt;
            return true;
        });
        LogTicketRecorded(logger, AppId, pushedAt);
        _ticketArrived?.TrySetResult();

        if (!Token.HasValidFor(Options.MinimumValidity) && _refresh is null)
        {
            _ = RefreshInBackgroundAsync();
        }
    }

    /// <summary>Asks WeChat to push a ticket and waits (a while) for it to arrive through <see cref="RecordTicketAsync"/>.</summary>
    private async Task<bool> WaitForTicketAsync()
    {
        var arrived = _ticketArrived ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await RequestTicketPushAsync();
        try
        {
            await arrived.Task.WaitAsync(Options.TicketWait);
            return HasFreshTicket();
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            if (ReferenceEquals(_ticketArrived, arrived))
            {
                _ticketArrived = null;
            }
        }
    }

    private async Task RequestTicketPushAsync()
    {
        try
        {
            await wechat.StartPushTicketAsync(AppId, Credentials().AppSecret);
            LogTicketRequested(logger, AppId);
        }
        catch (WeChatApiException ex)
        {
            metrics.Failed(AppId, "ticket", ex.ClassName());
            LogWeChatFailed(logger, AppId, ex.ErrorCode, ex.Kind, ex.ErrorMessage);
        }
    }

    private bool HasFreshTicket() =>
        state.State is { Ticket: not null, TicketReceivedAt: { } received } && time.GetUtcNow() - received < Options.TicketMaxAge;
}
