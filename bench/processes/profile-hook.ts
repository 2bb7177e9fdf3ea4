import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

// Preloaded (`--import`) into the gateway under test: `npm run bench -- --profile` asks it over IPC to CPU-profile
// the measured window only, not start-up or warm-up, and to sample what it allocates meanwhile (a .heapprofile
// beside the .cpuprofile). The gateway's own code is untouched.
let session: Session | null = null;
process.on("message", (message: { type?: string; path?: string }) => {
  void (async () => {
    if (message?.type === "profile-start") {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
      // What the measured window allocates, collected or not (sampled every 32 KB): what the collector has to sweep.
      await session.post("HeapProfiler.enable");
      await session.post("HeapProfiler.startSampling", {
        samplingInterval: 32 * 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    } else if (message?.type === "profile-stop" && session) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(message.path!, JSON.stringify(profile));
      const { profile: allocations } = await session.post("HeapProfiler.stopSampling");
      writeFileSync(message.path!.replace(/\.cpuprofile$/, ".heapprofile"), JSON.stringify(allocations));
      session.disconnect();
      session = null;
      process.send?.({ type: "profiled" });
    }
  })();
});
// The IPC channel must not keep the gateway alive when it shuts down.
process.channel?.unref();
