/**
 * The contract between a camera pull and what serves it. A pull (RTSP client) produces, for one
 * camera stream, the RTP packets as they arrived (WebRTC forwards them untouched: no repacketising,
 * no transcoding) and the same video assembled into access units (the fMP4 muxer, HLS and snapshots
 * read those). Consumers subscribe and unsubscribe; the pull stays up while anyone (or the
 * always-on policy) holds it.
 */
export interface H264Params {
  /** Sequence and picture parameter sets, without start codes. */
  sps: Buffer;
  pps: Buffer;
  /** avc1.PPCCLL, from the SPS: what the browser is offered and what WebRTC answers. */
  codecString: string;
  profileLevelId: string;
  width: number;
  height: number;
}

export interface AccessUnit {
  /** NAL units of one picture, without start codes (AUD, SPS/PPS and SEI kept as sent). */
  nalus: Buffer[];
  /** RTP timestamp of the picture, 90 kHz, unwrapped to a monotonic number. */
  pts90k: number;
  keyframe: boolean;
  /** Epoch ms at which the last packet of the picture arrived (the node's clock). */
  receivedAt: number;
}

export interface RtpVideoPacket {
  /** The packet as received: header and payload (consumers copy before mutating). */
  raw: Buffer;
  receivedAt: number;
}

export interface FeedListener {
  onParams?(params: H264Params): void;
  onAccessUnit?(au: AccessUnit): void;
  onRtp?(packet: RtpVideoPacket): void;
  /** The pull ended or broke; the feed reconnects by itself and calls onParams again. */
  onGap?(reason: string): void;
}

export interface CameraFeed {
  readonly cameraId: string;
  readonly stream: 'main' | 'sub';
  /** Null until the first SPS/PPS. */
  params(): H264Params | null;
  /**
   * The access units since the latest keyframe (starting at it): a new viewer gets a picture at
   * once instead of waiting up to a GOP.
   */
  keyframeCache(): readonly AccessUnit[];
  subscribe(listener: FeedListener): () => void;
}
