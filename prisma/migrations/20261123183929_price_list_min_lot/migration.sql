-- AlterTable
ALTER TABLE "PriceList" ALTER COLUMN "minLotUnits" SET DEFAULT 1;
