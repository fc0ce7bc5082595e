using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Grains.Messages;

/// <summary>The outcome of one delivery attempt; <see cref="Problem"/> says what went wrong, never with the secret.</summary>
public sealed record WebhookResult(bool Delivered, WebhookReply? Reply, string? Problem)
{
    public static WebhookResult Failed(string problem) => new(false, null, problem);
}

/// <summary>POSTs a signed delivery to a platform's webhook. Any 2xx is delivered; anything else is retried later.</summary>
public sealed class WebhookSender(IHttpClientFactory httpClientFactory, [FromKeyedServices(GrainClock.Key)] TimeProvider time)
{
    public const string HttpClientName = "Webhooks";

    private const int MaxAnswerBytes = 64 * 1024;

    public async Task<WebhookResult> SendAsync(string url, IReadOnlyList<string> secrets, string id, byte[] body, int attempt, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Add(WebhookSignature.IdHeader, id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, string.Join(' ', secrets.Select(secret => WebhookSignature.Sign(secret, id, timestamp, body))));
        request.Headers.Add("webhook-attempt", attempt.ToString(CultureInfo.InvariantCulture));

        try
        {
            using var response = await httpClientFactory.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
            if (!response.IsSuccessStatusCode)
            {
                return WebhookResult.Failed($"HTTP {(int)response.StatusCode}");
            }

            return await ReadAnswerAsync(response, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return WebhookResult.Failed($"no answer within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException ex)
        {
            return WebhookResult.Failed(ex.HttpRequestError.ToString());
        }
    }

    private static async Task<WebhookResult> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/json" or "text/json"))
        {
            return new WebhookResult(true, null, null);
        }

        var buffer = new byte[MaxAnswerBytes];
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length == 0)
        {
            return new WebhookResult(true, null, null);
        }

        try
        {
            var answer = JsonSerializer.Deserialize<WebhookAnswer>(buffer.AsSpan(0, length), WebhookDelivery.Json);
            return new WebhookResult(true, answer?.Reply, null);
        }
        catch (JsonException)
        {
            // The message was taken; only the reply is unusable.
            return new WebhookResult(true, null, "the webhook's answer is not the reply JSON");
        }
    }
}
