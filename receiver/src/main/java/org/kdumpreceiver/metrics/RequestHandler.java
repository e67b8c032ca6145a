package org.kdumpreceiver.metrics;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** HTTP framing around {@link Routes}: bad requests, methods, authentication, HEAD, keep-alive. */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger("metrics");

    private final Routes routes;

    RequestHandler(Routes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (!decoded.isSuccess()) {
            // The decoder cannot find the next request after a broken one: answer once and close.
            send(ctx, Routes.Answer.text(badRequestStatus(decoded.cause()), "bad request\n"), false, true);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean head = request.method().equals(HttpMethod.HEAD);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!Routes.known(path)) {
            send(ctx, Routes.Answer.text(HttpResponseStatus.NOT_FOUND, "not found\n"), head, !keepAlive);
        } else if (!head && !request.method().equals(HttpMethod.GET)) {
            FullHttpResponse response = response(Routes.Answer.text(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method not allowed\n"), false);
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            write(ctx, response, !keepAlive);
        } else if (routes.protectedPath(path)
                && !routes.credentials().accepts(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            FullHttpResponse response = response(Routes.Answer.text(HttpResponseStatus.UNAUTHORIZED,
                    "unauthorized\n"), head);
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, routes.credentials().challenge());
            write(ctx, response, !keepAlive);
        } else {
            send(ctx, routes.answer(path, request.headers().get(HttpHeaderNames.ACCEPT)), head, !keepAlive);
        }
    }

    private static HttpResponseStatus badRequestStatus(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongFrameException) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    private static void send(ChannelHandlerContext ctx, Routes.Answer answer, boolean head,
            boolean close) {
        write(ctx, response(answer, head), close);
    }

    private static FullHttpResponse response(Routes.Answer answer, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                // HEAD tells the length GET would send.
                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Content-Type-Options", "nosniff");
        return response;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture sent = ctx.writeAndFlush(response);
        if (close) {
            sent.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A client that resets its connection is routine; nothing here is worth a warning.
        LOG.debug("metrics connection {} closed: {}", ctx.channel().id(), cause.toString());
        ctx.close();
    }
}
