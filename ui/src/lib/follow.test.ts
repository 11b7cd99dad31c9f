import { describe, expect, it } from "vitest";

import type { Material, Participant, PresenterPosition } from "./backend";
import { authorColour, iAmPresenting, latestByItem, othersPresenting, pinnedBy, receipts, stillFollowing } from "./follow";

const position = (presenter: string, mode: "soft" | "forced", material: string | null = "$m1"): PresenterPosition => ({
  presenter, material, page: 3, mode,
});

const material = (over: Partial<Material>): Material => ({
  eventId: "$m1", id: "material-1", item: "item-1", version: 1, latest: true, name: "資料.pdf", sha256: "ab",
  pages: 10, size: 100, sender: "@org:hs", sentAt: 0, cached: true, receivedBy: ["@org:hs"], ...over,
});

describe("following the presenter", () => {
  it("follows others, not myself, and only while a material is shown", () => {
    expect(othersPresenting(position("@org:hs", "soft"), "@me:hs")).toBe(true);
    expect(othersPresenting(position("@me:hs", "soft"), "@me:hs")).toBe(false);
    expect(othersPresenting(position("@org:hs", "soft", null), "@me:hs")).toBe(false);
    expect(othersPresenting(null, "@me:hs")).toBe(false);
    expect(iAmPresenting(position("@me:hs", "forced"), "@me:hs")).toBe(true);
    expect(iAmPresenting(position("@me:hs", "forced", null), "@me:hs")).toBe(false);
  });

  it("holds the reader only in forced mode, and never the presenter", () => {
    expect(pinnedBy(position("@org:hs", "forced"), "@me:hs")).toBe(true);
    expect(pinnedBy(position("@org:hs", "soft"), "@me:hs")).toBe(false);
    expect(pinnedBy(position("@me:hs", "forced"), "@me:hs")).toBe(false);
    expect(stillFollowing("soft")).toBe(false);
    expect(stillFollowing("forced")).toBe(true);
  });
});

describe("receipts", () => {
  it("counts joined participants and names those without the material", () => {
    const people: Participant[] = [
      { userId: "@org:hs", name: "主催", invited: false, presenter: false, organiser: false },
      { userId: "@a:hs", name: "青木", invited: false, presenter: false, organiser: false },
      { userId: "@b:hs", name: "馬場", invited: false, presenter: false, organiser: false },
      { userId: "@c:hs", name: "千葉", invited: true, presenter: false, organiser: false },
    ];
    const r = receipts(material({ receivedBy: ["@org:hs", "@a:hs"] }), people);
    expect(r).toEqual({ count: 2, total: 3, missing: ["馬場"] });
  });

  it("lists only the latest version of each material under its item", () => {
    const grouped = latestByItem([
      material({ eventId: "$v1", version: 1, latest: false }),
      material({ eventId: "$v2", version: 2 }),
      material({ eventId: "$x", id: "material-2", item: "item-2" }),
    ]);
    expect(grouped["item-1"]?.map((m) => m.eventId)).toEqual(["$v2"]);
    expect(grouped["item-2"]?.map((m) => m.eventId)).toEqual(["$x"]);
  });
});

describe("author colours", () => {
  it("gives each participant their own colour, the same on every screen", () => {
    const people: Participant[] = [
      { userId: "@b:hs", name: "B", invited: false, presenter: false, organiser: false },
      { userId: "@a:hs", name: "A", invited: false, presenter: false, organiser: false },
    ];
    const a = authorColour("@a:hs", people);
    const b = authorColour("@b:hs", people);
    expect(a).not.toBe(b);
    expect(authorColour("@a:hs", [...people].reverse())).toBe(a);
    expect(authorColour("@stranger:hs", people)).toMatch(/^#[0-9a-f]{6}$/);
  });
});
