using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Sandbox.State;

/// <summary>The WeChat users, with the openid each account sees for them and their unionid per open-platform account.</summary>
public sealed class UserBook
{
    private static readonly string[] DemoUsers = ["微信用户 小明 Xiaoming", "微信用户 小红 Xiaohong", "WeChat user Alex"];

    private readonly Lock _lock = new();
    private readonly List<SandboxUser> _users = [];
    private readonly Dictionary<(string UserId, string AccountAppId), string> _openIds = [];
    private readonly Dictionary<(string AccountAppId, string OpenId), SandboxUser> _byOpenId = [];
    private readonly Dictionary<(string UserId, string OpenPlatformAccount), string> _unionIds = [];

    public UserBook(IOptions<SandboxOptions> options)
    {
        foreach (var name in options.Value.Users.Count > 0 ? options.Value.Users : [.. DemoUsers])
        {
            Add(name);
        }
    }

    public IReadOnlyList<SandboxUser> All()
    {
        lock (_lock)
        {
            return _users.ToList();
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _users.Count;
            }
        }
    }

    public SandboxUser? Find(string? id)
    {
        lock (_lock)
        {
            return _users.Find(u => u.Id == id);
        }
    }

    public SandboxUser Create(string nickName)
    {
        lock (_lock)
        {
            return Add(nickName);
        }
    }

    /// <summary>The user <paramref name="accountAppId"/> knows by <paramref name="openId"/>; a new user who has it when nobody does.</summary>
    public SandboxUser ForOpenId(string accountAppId, string openId)
    {
        lock (_lock)
        {
            if (_byOpenId.TryGetValue((accountAppId, openId), out var known))
            {
                return known;
            }

            var user = Add($"用户 {openId}");
            _openIds[(user.Id, accountAppId)] = openId;
            _byOpenId[(accountAppId, openId)] = user;
            return user;
        }
    }

    /// <summary>Whether <paramref name="openId"/> is a user of <paramref name="accountAppId"/> (an openid of another account is not).</summary>
    public bool Knows(string accountAppId, string openId)
    {
        lock (_lock)
        {
            return _byOpenId.ContainsKey((accountAppId, openId));
        }
    }

    /// <summary>The openid of <paramref name="user"/> under one account: stable for that account, different under every other.</summary>
    public string OpenId(SandboxUser user, string accountAppId)
    {
        lock (_lock)
        {
            if (!_openIds.TryGetValue((user.Id, accountAppId), out var openId))
            {
                openId = NewId();
                _openIds[(user.Id, accountAppId)] = openId;
                _byOpenId[(accountAppId, openId)] = user;
            }

            return openId;
        }
    }

    /// <summary>The unionid of <paramref name="user"/> under the account's open-platform binding; null when it has none.</summary>
    public string? UnionId(SandboxUser user, SandboxAccount account)
    {
        if (account.OpenPlatformAccount is not { Length: > 0 } binding)
        {
            return null;
        }

        lock (_lock)
        {
            if (!_unionIds.TryGetValue((user.Id, binding), out var unionId))
            {
                unionId = NewId();
                _unionIds[(user.Id, binding)] = unionId;
            }

            return unionId;
        }
    }

    private SandboxUser Add(string nickName)
    {
        var user = new SandboxUser($"user-{_users.Count + 1}", nickName);
        _users.Add(user);
        return user;
    }

    // Real openids and unionids are 28 characters starting with "o".
    private static string NewId() =>
        "o" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 27);
}
