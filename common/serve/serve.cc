// Asynchronous Beast on a few threads: each connection reads requests with
// Beast's parser (its size limits set) under a timeout, answers them
// through Site, and ends at the client's close, an error, a limit or the
// timeout. The main thread waits for SIGINT or SIGTERM and then ends the
// process at once: nothing is written to disk, so nothing is left half done.
#include "serve.hh"

#include "cli.hh"
#include "site.hh"
#include "text.hh"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <boost/asio/strand.hpp>

#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>

namespace cqc {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

unsigned ServeLimits::searchers() {
    return std::clamp(2 * std::thread::hardware_concurrency(), 2u, threads);
}

bool is_loopback(std::string_view bind) {
    if (bind == "localhost") return true;
    boost::system::error_code ec;
    auto address = net::ip::make_address(std::string(bind), ec);
    return !ec && address.is_loopback();
}

namespace {

std::atomic<size_t> open_connections{0};

http::response<http::string_body> to_beast(HttpResponse&& r, unsigned version, bool head,
                                           bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::server, "cqc-search");
    res.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : security_headers())
        res.set(name, value);
    for (const auto& [name, value] : r.headers)
        res.set(name, value);
    res.keep_alive(keep_alive);
    size_t length = r.body.size();
    if (!head) res.body() = std::move(r.body);
    res.content_length(length);
    return res;
}

HttpResponse plain(int status, const char* text) {
    HttpResponse r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::string(text) + "\n";
    return r;
}

// One connection: read a request (within the limits and the time), answer
// it, and read the next while the client keeps the connection alive.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, Site& site) : stream_(std::move(socket)), site_(site) {
        ++open_connections;
    }
    ~Session() {
        // The last client gone: give the memory its answers used back to
        // the system. glibc keeps freed blocks below the top of the heap,
        // so a burst of 32 clients would otherwise stay in the server's
        // RSS for as long as it runs.
        if (--open_connections == 0) malloc_trim(0);
    }
    void start(bool busy) {
        if (busy)
            reply(plain(503, "The server is busy; try again."), 11, false, false);
        else
            read();
    }

private:
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_{ServeLimits::header_bytes + 1024};
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    Site& site_;

    void read() {
        parser_.emplace();
        parser_->header_limit(ServeLimits::header_bytes);
        parser_->body_limit(ServeLimits::body_bytes);
        stream_.expires_after(std::chrono::seconds(ServeLimits::read_seconds));
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, size_t) {
        if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
            return reply(plain(431, "The request's headers are too large."), 11, false, false);
        if (ec == http::error::body_limit)
            return reply(plain(413, "A request here carries no body."), 11, false, false);
        if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
            ec == beast::error::timeout || ec == net::error::eof)
            return close();
        if (ec) {
            // Beast's own parse errors (bad method, bad target, ...) are told;
            // a socket's are not.
            if (ec.category() == http::make_error_code(http::error::bad_method).category())
                return reply(plain(400, "That is not an HTTP request."), 11, false, false);
            return close();
        }
        auto& req = parser_->get();
        if (static_cast<size_t>(std::distance(req.begin(), req.end())) > ServeLimits::header_count)
            return reply(plain(431, "The request has too many headers."), req.version(), false,
                         false);
        HttpRequest request{std::string(req.method_string()), std::string(req.target()),
                            std::string(req[http::field::host])};
        reply(site_.handle(request), req.version(), req.method() == http::verb::head,
              req.keep_alive());
    }

    void reply(HttpResponse&& r, unsigned version, bool head, bool keep_alive) {
        response_ = to_beast(std::move(r), version, head, keep_alive);
        stream_.expires_after(std::chrono::seconds(ServeLimits::read_seconds));
        http::async_write(
            stream_, response_,
            beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
    }

    void on_write(bool keep_alive, beast::error_code ec, size_t) {
        if (ec) return;
        if (!keep_alive) return close();
        read();
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(net::io_context& io, tcp::acceptor& acceptor, Site& site)
        : io_(io), acceptor_(acceptor), site_(site) {}
    void accept() {
        acceptor_.async_accept(net::make_strand(io_),
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

private:
    net::io_context& io_;
    tcp::acceptor& acceptor_;
    Site& site_;
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (!ec) {
            bool busy = open_connections >= ServeLimits::connections;
            std::make_shared<Session>(std::move(socket), site_)->start(busy);
        }
        accept();
    }
};

} // namespace

int serve(const ServeOptions& options) {
    // SIGINT and SIGTERM are waited for by this thread alone: blocked here
    // before any thread starts, so every thread inherits the mask.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    // A client that goes away mid-answer is an error on its socket.
    std::signal(SIGPIPE, SIG_IGN);

    std::string bind = options.bind == "localhost" ? "127.0.0.1" : options.bind;
    boost::system::error_code ec;
    auto address = net::ip::make_address(bind, ec);
    if (ec) {
        print_error("cqc-search", "--bind takes an IP address (127.0.0.1, ::1, 0.0.0.0), not '" +
                                      options.bind + "'");
        return kBadBindExit;
    }
    Site site(options.dbs, options.remotes, address.to_string(), ServeLimits::searchers(),
              options.thesauri);

    net::io_context io;
    tcp::acceptor acceptor(io);
    tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(net::socket_base::max_listen_connections);
    unsigned port = acceptor.local_endpoint().port();

    if (!is_loopback(bind))
        std::cerr << "cqc-search: warning: serving on " << address.to_string()
                  << ": anyone who can reach this address can read the page, which has no "
                     "login\n";
    std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    std::cout << "http://" << host << ":" << port << "/" << std::endl;

    std::make_shared<Listener>(io, acceptor, site)->accept();
    // Threads to answer on: a search holds its thread while it runs, and
    // while it waits for one of the searchers (ServeLimits::searchers()).
    for (unsigned i = 0; i < ServeLimits::threads; ++i)
        std::thread([&io] { io.run(); }).detach();
    int signal = 0;
    sigwait(&stop, &signal);
    std::cout.flush();
    std::fflush(nullptr);
    std::_Exit(0);
}

} // namespace cqc
