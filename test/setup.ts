import "reflect-metadata";
import { installLeanResultShaping } from "../gateway/result-shaping.js";

// Every answer the gateway shapes in the suite is shaped twice, by @apollo/gateway's computeResponse and by ours, and
// any difference fails the request: the whole suite is a differential test of gateway/result-shaping.ts.
installLeanResultShaping({ verify: true });
