package org.oauth2kit.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import org.oauth2kit.Provider;

/**
 * Netty reports a body it cannot decode (a malformed chunk size, say) by marking the last piece of
 * content as failed and ending the body there; Micronaut then hands the controller a silently
 * truncated body. This guard turns that mark into an error of the body stream, so the adapter's
 * read fails and the Provider answers {@code 400 invalid_request} (R46), as on every other adapter.
 */
@Singleton
@Requires(beans = Provider.class)
@Requires(classes = NettyServerCustomizer.class)
final class MalformedBodyGuard implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    private record Customizer(Channel channel) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, "oauth2kit-body-guard",
                        new Guard());
            }
        }
    }

    private static final class Guard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
                Throwable cause = content.decoderResult().cause();
                ReferenceCountUtil.release(msg);
                ctx.fireExceptionCaught(cause instanceof DecoderException ? cause : new DecoderException(cause));
                return;
            }
            super.channelRead(ctx, msg);
        }
    }
}
