/**
 * Japanese names of the 64 emoji of Matrix emoji verification (SAS). The
 * core gives the spec's English name; English users see it as is.
 */
export const SAS_EMOJI_JA: Record<string, string> = {
  Dog: "犬", Cat: "猫", Lion: "ライオン", Horse: "馬", Unicorn: "ユニコーン", Pig: "豚",
  Elephant: "象", Rabbit: "うさぎ", Panda: "パンダ", Rooster: "にわとり", Penguin: "ペンギン",
  Turtle: "亀", Fish: "魚", Octopus: "たこ", Butterfly: "蝶", Flower: "花", Tree: "木",
  Cactus: "サボテン", Mushroom: "きのこ", Globe: "地球", Moon: "月", Cloud: "雲", Fire: "炎",
  Banana: "バナナ", Apple: "りんご", Strawberry: "いちご", Corn: "とうもろこし", Pizza: "ピザ",
  Cake: "ケーキ", Heart: "ハート", Smiley: "笑顔", Robot: "ロボット", Hat: "帽子",
  Glasses: "眼鏡", Spanner: "スパナ", Santa: "サンタ", "Thumbs Up": "いいね", Umbrella: "傘",
  Hourglass: "砂時計", Clock: "時計", Gift: "プレゼント", "Light Bulb": "電球", Book: "本",
  Pencil: "鉛筆", Paperclip: "クリップ", Scissors: "はさみ", Lock: "錠前", Key: "鍵",
  Hammer: "金づち", Telephone: "電話", Flag: "旗", Train: "電車", Bicycle: "自転車",
  Aeroplane: "飛行機", Rocket: "ロケット", Trophy: "トロフィー", Ball: "ボール",
  Guitar: "ギター", Trumpet: "トランペット", Bell: "ベル", Anchor: "いかり",
  Headphones: "ヘッドホン", Folder: "フォルダー", Pin: "ピン",
};

/** The emoji's name in the UI language. */
export function sasEmojiName(description: string, locale: string): string {
  return locale.startsWith("ja") ? (SAS_EMOJI_JA[description] ?? description) : description;
}
