using System.Diagnostics.Metrics;
using Gateway.WeChatCallbacks;
using Microsoft.Extensions.Options;

namespace Gateway.Tests;

/// <summary>The gateway's once-only handling of a push, including the repeat that arrives while the first is still handled.</summary>
public sealed class HandledPushesTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly HandledPushes _pushes;
    private int _handled;

    public HandledPushesTests() =>
        _pushes = new HandledPushes(Options.Create(new GatewayOptions()), new CallbackMetrics(_services.GetRequiredService<IMeterFactory>()));

    [Fact]
    public async Task A_repeat_arriving_while_the_first_is_handled_waits_for_it_and_is_not_handled_again()
    {
        var release = new TaskCompletionSource<PushAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = HandleAsync("msg:1", () => release.Task);
        var repeat = HandleAsync("msg:1", () => Task.FromResult(PushAnswer.Success));
        var waited = !repeat.IsCompleted;
        release.SetResult(PushAnswer.Reply("<xml>reply</xml>"));

        Assert.True(waited);
        Assert.Equal("<xml>reply</xml>", (await first).ReplyXml);
        Assert.Equal("<xml>reply</xml>", (await repeat).ReplyXml);
        Assert.Equal(1, _handled);
    }

    [Fact]
    public async Task A_repeat_of_a_push_handled_already_gets_the_first_answer()
    {
        await HandleAsync("msg:2", () => Task.FromResult(PushAnswer.EmptyBody));

        var repeat = await HandleAsync("msg:2", () => Task.FromResult(PushAnswer.Success));

        Assert.Equal(PushAnswer.EmptyBody, repeat);
        Assert.Equal(1, _handled);
    }

    [Fact]
    public async Task A_repeat_of_a_push_whose_handling_failed_is_handled()
    {
        var first = await HandleAsync("msg:3", () => Task.FromResult(PushAnswer.NotHandled));

        var retry = await HandleAsync("msg:3", () => Task.FromResult(PushAnswer.Success));

        Assert.False(first.Handled);
        Assert.True(retry.Handled);
        Assert.Equal(2, _handled);
    }

    [Fact]
    public async Task A_repeat_waiting_for_a_first_attempt_that_fails_handles_the_push_itself()
    {
        var release = new TaskCompletionSource<PushAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = HandleAsync("msg:4", () => release.Task);
        var repeat = HandleAsync("msg:4", () => Task.FromResult(PushAnswer.Success));
        release.SetResult(PushAnswer.NotHandled);

        Assert.False((await first).Handled);
        Assert.True((await repeat).Handled);
        Assert.Equal(2, _handled);
    }

    [Fact]
    public async Task The_same_key_of_another_account_is_another_push()
    {
        await HandleAsync("msg:5", () => Task.FromResult(PushAnswer.Success));

        await _pushes.HandleOnceAsync("messages", "wx5a4db0c0de000001/wx5a4db0acc0000002", "msg:5", () => Count(PushAnswer.Success));

        Assert.Equal(2, _handled);
    }

    public void Dispose()
    {
        _pushes.Dispose();
        _services.Dispose();
    }

    private Task<PushAnswer> HandleAsync(string key, Func<Task<PushAnswer>> answer) =>
        _pushes.HandleOnceAsync("messages", "wx5a4db0c0de000001/wx5a4db0acc0000001", key, async () =>
        {
            Interlocked.Increment(ref _handled);
            return await answer();
        });

    private Task<PushAnswer> Count(PushAnswer answer)
    {
        Interlocked.Increment(ref _handled);
        return Task.FromResult(answer);
    }
}
