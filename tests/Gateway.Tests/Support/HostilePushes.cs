using System.Globalization;
using CsCheck;

namespace Gateway.Tests.Support;

/// <summary>
/// CsCheck generators of pushes that must all be refused, for one callback route: each starts from a push WeChat
/// would send (a ticket for the events route, a text message for an account's messages) and breaks one thing.
/// Every generated case is invalid by construction; none leaves the signed parts intact and valid.
/// </summary>
public sealed partial class HostilePushes(PushForge forge, bool events)
{
    public const string AccountUserName = "gh_5a4db0acc001";

    private const string AlphaNumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static readonly Gen<string> Nonce = Gen.Long[1, long.MaxValue].Select(n => n.ToString(CultureInfo.InvariantCulture));

    private static readonly Gen<string> Word = Gen.Char[AlphaNumeric].Array[4, 24].Select(c => new string(c));

    /// <summary>Every category, weighted so the costly oversized bodies stay a small share.</summary>
    public Gen<HostilePush> All => Gen.Frequency(
        (3, BadSignature),
        (2, Truncated),
        (1, Oversized),
        (2, WrongAppId),
        (3, BrokenCiphertext),
        (2, DtdAndEntities),
        (2, WrongEncoding),
        (3, HostileTimestamps),
        (2, DuplicatedElements),
        (4, ByteFlips));

    /// <summary>The push these cases start from, valid as WeChat sends it.</summary>
    public Gen<ForgedPush> Valid => Gen.Select(PlainFields, Nonce, (fields, nonce) => Sealed(Plain(fields), nonce));

    /// <summary>The decrypted XML of a valid push: a ticket or a user's text message, stamped now.</summary>
    private Gen<List<(string Name, string Value)>> PlainFields => events
        ? Word.Select(ticket => new List<(string, string)>
        {
            ("AppId", forge.ComponentAppId), ("CreateTime", PushForge.Now), ("InfoType", "component_verify_ticket"),
            ("ComponentVerifyTicket", "ticket@@@fuzz-" + ticket),
        })
        : Gen.Select(Word, Gen.Long[1, long.MaxValue], (text, msgId) => new List<(string, string)>
        {
            ("ToUserName", AccountUserName), ("FromUserName", "oFuzzUser000000000000000001"), ("CreateTime", PushForge.Now),
            ("MsgType", "text"), ("Content", "fuzz " + text), ("MsgId", msgId.ToString(CultureInfo.InvariantCulture)),
        });

    private ForgedPush Sealed(string plainXml, string nonce, string? appId = null) =>
        forge.Seal(forge.Encrypt(plainXml, appId), PushForge.Now, nonce, AccountUserName);

    private static string Plain(IEnumerable<(string Name, string Value)> fields) =>
        "<xml>" + string.Concat(fields.Select(f => f.Name == "CreateTime" ? $"<{f.Name}>{f.Value}</{f.Name}>" : $"<{f.Name}><![CDATA[{f.Value}]]></{f.Name}>")) + "</xml>";

    private Gen<HostilePush> BadSignature => Gen.Select(Valid, Gen.Int[0, 6], Gen.Int[0, 39], Gen.Byte.Array[20], (push, kind, at, random) => kind switch
    {
        0 => Resigned(push, "random msg_signature", Convert.ToHexStringLower(random)),
        1 => Resigned(push, $"msg_signature digit {at} changed", push.MsgSignature[..at] + Other(push.MsgSignature[at]) + push.MsgSignature[(at + 1)..]),
        2 => Resigned(push, $"msg_signature cut to {at}", push.MsgSignature[..at]),
        3 => Resigned(push, "msg_signature with another token", WeChat.Crypto.MessageSignature.ForMessage("anothertoken", push.Timestamp, push.Nonce, push.Encrypt)),
        4 => Resigned(push, "the URL signature as msg_signature", push.Signature),
        5 => Resigned(push, "msg_signature with a character appended", push.MsgSignature + "0"),
        _ => Resigned(push, "msg_signature with non-ASCII", push.MsgSignature[..at] + "ä" + push.MsgSignature[(at + 1)..]),
    });

    private static HostilePush Resigned(ForgedPush push, string change, string msgSignature) =>
        new("bad signature", change, push with { MsgSignature = msgSignature });

    /// <summary>A hex digit that differs from <paramref name="digit"/> in any case (signatures compare case-insensitively).</summary>
    private static char Other(char digit) => char.ToLowerInvariant(digit) == '0' ? '1' : '0';

    private Gen<HostilePush> Truncated => Gen.Select(Valid, Gen.Double.Unit, (push, share) =>
    {
        var body = System.Text.Encoding.UTF8.GetBytes(push.Body);
        var length = (int)(share * body.Length);
        return new HostilePush("truncated body", $"cut to {length} of {body.Length} bytes", push.Query, body[..length]);
    });

    private Gen<HostilePush> Oversized => Gen.Select(Valid, Gen.Int[64 * 1024 + 1, 256 * 1024], Gen.Int[0, 2], Gen.Bool, (push, size, where, chunked) =>
    {
        var filler = new string(' ', size);
        var body = where switch
        {
            0 => push.Body.Replace("</xml>", filler + "</xml>", StringComparison.Ordinal),
            1 => push.Body.Replace(AccountUserName, AccountUserName + new string('x', size), StringComparison.Ordinal),
            _ => push.Body + filler,
        };
        return new HostilePush("oversized body", $"{size} bytes more ({(where switch { 0 => "whitespace", 1 => "in ToUserName", _ => "after the root" })})",
            push.Query, System.Text.Encoding.UTF8.GetBytes(body), chunked);
    });

    private Gen<HostilePush> ByteFlips => Gen.Select(Valid, Gen.Double.Unit, Gen.Byte[1, 255], Gen.Int[0, 3], (push, share, mask, where) =>
    {
        if (where == 0)
        {
            // The query's timestamp, nonce and msg_signature are all signed: one character of one replaced by a
            // character none of them may hold (no digit, no hex letter in either case).
            var (name, value) = (share * 3) switch { < 1 => ("timestamp", push.Timestamp), < 2 => ("nonce", push.Nonce), _ => ("msg_signature", push.MsgSignature) };
            var at = (int)(share * 997) % value.Length;
            var flipped = value[..at] + NotSigned[mask % NotSigned.Length] + value[(at + 1)..];
            var changed = name switch
            {
                "timestamp" => push with { Timestamp = flipped },
                "nonce" => push with { Nonce = flipped },
                _ => push with { MsgSignature = flipped },
            };
            return new HostilePush("byte flips", $"{name}[{at}] -> {NotSigned[mask % NotSigned.Length]}", changed);
        }

        // The body, except the ToUserName value: WeChat signs only the Encrypt value, and that one is not needed.
        var body = System.Text.Encoding.UTF8.GetBytes(push.Body);
        var open = push.Body.IndexOf(AccountUserName, StringComparison.Ordinal);
        var position = (int)(share * (body.Length - AccountUserName.Length));
        position = position >= open ? position + AccountUserName.Length : position;
        body[position] ^= mask;
        return new HostilePush("byte flips", $"body[{position}] ^ 0x{mask:x2}", push.Query, body);
    });

    private const string NotSigned = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ!*~-_ .";
}
