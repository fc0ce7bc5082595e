using Microsoft.Extensions.Options;

namespace Sandbox.Pushing;

/// <summary>Pushes a component_verify_ticket to every platform on a timer, as WeChat does every ten minutes.</summary>
public sealed class TicketPushService(IOptions<SandboxOptions> options, PlatformPusher pusher, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.TicketPushInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Task.WhenAll(options.Value.Components
                .Where(c => c.EventUrl is not null)
                .Select(c => pusher.PushTicketAsync(c, stoppingToken)));
        }
    }
}
