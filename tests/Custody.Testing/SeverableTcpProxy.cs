using System.Net;
using System.Net.Sockets;

namespace Custody.Testing;

/// <summary>
/// A loopback TCP proxy in front of a server (an emulator). <see cref="Sever"/> resets every connection and refuses
/// new ones: the server sees what a killed client process leaves behind (connections reset, no half-close, no
/// cancellation), while the client keeps running but can no longer reach it.
/// </summary>
public sealed class SeverableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _severed = new();
    private readonly Task _accepting;

    public SeverableTcpProxy(string targetHost)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetHost);
        _target = IPEndPoint.Parse(targetHost);
        _listener.Start();
        Host = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>host:port to give the client instead of the server's.</summary>
    public string Host { get; }

    public int Connections
    {
        get
        {
            lock (_sockets)
            {
                return _sockets.Count / 2;
            }
        }
    }

    /// <summary>Resets every connection (RST, as the kernel does for a killed process) and stops accepting.</summary>
    public void Sever()
    {
        _severed.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_severed.IsCancellationRequested)
        {
            Sever();
        }

        await _accepting.ConfigureAwait(false);
        _severed.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_severed.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_severed.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(_target, _severed.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(server);
            }

            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Severed or closed: the other pump ends too.
        }
    }
}
