{{ segment_discount_buyers(min_discount_share=0.15, window_days=var('discount_window_days', 365)) }}
