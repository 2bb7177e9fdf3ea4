import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

// Preloaded (`--import`) into the gateway under test: `npm run bench -- --profile` asks it over IPC to CPU-profile
// the measured window only, not start-up or warm-up. The gateway's own code is untouched.
let session: Session | null = null;
process.on("message", (message: { type?: string; path?: string }) => {
  void (async () => {
    if (message?.type === "profile-start") {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    } else if (message?.type === "profile-stop" && session) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(message.path!, JSON.stringify(profile));
      session.disconnect();
      session = null;
      process.send?.({ type: "profiled" });
    }
  })();
});
// The IPC channel must not keep the gateway alive when it shuts down.
process.channel?.unref();
