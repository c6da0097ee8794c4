package dev.seedframe.engine.qwenimage.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * diffusers' names against the Wan 2.1 / ComfyUI names for the released VAE (two residual blocks per stage), pair by
 * pair as diffusers' {@code convert_wan_vae_to_diffusers} (single_file_utils.py) converts them; the tiny model's
 * layout is checked by image in {@code SingleFileComponentsTest}.
 */
@Tag("unit")
class VaeKeysTest {

    @ParameterizedTest
    @CsvSource({
        "quant_conv.weight, conv1.weight",
        "post_quant_conv.bias, conv2.bias",
        "encoder.conv_in.weight, encoder.conv1.weight",
        "decoder.conv_in.bias, decoder.conv1.bias",
        "encoder.norm_out.gamma, encoder.head.0.gamma",
        "decoder.conv_out.weight, decoder.head.2.weight",
        "encoder.mid_block.resnets.0.norm1.gamma, encoder.middle.0.residual.0.gamma",
        "encoder.mid_block.attentions.0.to_qkv.weight, encoder.middle.1.to_qkv.weight",
        "decoder.mid_block.attentions.0.norm.gamma, decoder.middle.1.norm.gamma",
        "decoder.mid_block.resnets.1.conv1.bias, decoder.middle.2.residual.2.bias",
        "encoder.down_blocks.0.conv2.weight, encoder.downsamples.0.residual.6.weight",
        "encoder.down_blocks.2.resample.1.weight, encoder.downsamples.2.resample.1.weight",
        "encoder.down_blocks.3.conv_shortcut.weight, encoder.downsamples.3.shortcut.weight",
        "encoder.down_blocks.5.time_conv.bias, encoder.downsamples.5.time_conv.bias",
        "decoder.up_blocks.0.resnets.2.norm2.gamma, decoder.upsamples.2.residual.3.gamma",
        "decoder.up_blocks.0.upsamplers.0.resample.1.weight, decoder.upsamples.3.resample.1.weight",
        "decoder.up_blocks.1.resnets.0.conv_shortcut.weight, decoder.upsamples.4.shortcut.weight",
        "decoder.up_blocks.1.upsamplers.0.time_conv.bias, decoder.upsamples.7.time_conv.bias",
        "decoder.up_blocks.2.resnets.1.norm2.gamma, decoder.upsamples.9.residual.3.gamma",
        "decoder.up_blocks.2.upsamplers.0.resample.1.bias, decoder.upsamples.11.resample.1.bias",
        "decoder.up_blocks.3.resnets.2.conv2.weight, decoder.upsamples.14.residual.6.weight",
    })
    void releasedVaeNamesAsDiffusersConvertsThem(String diffusers, String wan) {
        assertEquals(wan, VaeKeys.toWan(diffusers, 2));
    }
}
